# docs/plugins.md, followed literally: install govsim, build examples/plugin against the installed
# package, and run a scenario with the resulting library.
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD} --prefix ${WORK}/prefix RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE}/examples/plugin -B ${WORK}/build -G Ninja
                        -DCMAKE_PREFIX_PATH=${WORK}/prefix -DCMAKE_BUILD_TYPE=Release
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the example plugin failed:\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/build RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the example plugin failed:\n${out}\n${err}")
endif()
set(lib ${WORK}/build/libgovsim_policy_direct.so)
execute_process(COMMAND ${WORK}/prefix/bin/govsim run ${SOURCE}/scenarios/tests/chain4.json --reps 2 --quiet
                        --set /run/horizon_days=30 --set /run/warmup_days=0
                        --set /policy/name=direct --set "/policy/params={\"levels_up\": 2}" --set /policy/plugin=${lib}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "govsim: chain4 — policy direct")
  message(FATAL_ERROR "running with the example plugin failed (${rc}):\n${out}\n${err}")
endif()
# A stage of a composed process, found on the search path (docs/plugins.md, "Your policy as a stage").
execute_process(COMMAND ${CMAKE_COMMAND} -E env GOVSIM_PLUGIN_PATH=${WORK}/build
                        ${WORK}/prefix/bin/govsim run ${SOURCE}/scenarios/tests/chain4.json --reps 2 --quiet
                        --set /run/horizon_days=30 --set /run/warmup_days=0
                        "--set" "/policy={\"name\": \"process\", \"params\": {\"stages\": {\"jump\": {\"policy\": \"direct\", \"params\": {\"levels_up\": 2}}, \"rest\": {\"policy\": \"tiered\"}}, \"routes\": [{\"when\": {\"levels\": [\"grid\"]}, \"stages\": [\"jump\"]}, {\"stages\": [\"rest\"]}]}}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "govsim: chain4 — policy process")
  message(FATAL_ERROR "running the example plugin as a process stage failed (${rc}):\n${out}\n${err}")
endif()
# Found on the search path too, and listed.
execute_process(COMMAND ${CMAKE_COMMAND} -E env GOVSIM_PLUGIN_PATH=${WORK}/build ${WORK}/prefix/bin/govsim plugins
                OUTPUT_VARIABLE out)
if(NOT out MATCHES "direct 1\\.0\\.0  \\(${lib}\\)")
  message(FATAL_ERROR "govsim plugins does not list the example:\n${out}")
endif()
# With its parameter documentation.
if(NOT out MATCHES "levels_up")
  message(FATAL_ERROR "the example's parameter is not listed:\n${out}")
endif()
