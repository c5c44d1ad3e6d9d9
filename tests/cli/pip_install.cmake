# pip install . into a new virtual environment (scikit-build-core builds the core and the module
# from scratch), then import govsim from it and run a scenario: the package as a user installs it.
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${PYTHON} -m venv ${WORK}/venv RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "cannot create a virtual environment")
endif()
execute_process(COMMAND ${WORK}/venv/bin/python -m pip install -q ${SOURCE} RESULT_VARIABLE rc WORKING_DIRECTORY ${WORK})
if(rc)
  message(FATAL_ERROR "pip install . failed")
endif()
execute_process(COMMAND ${WORK}/venv/bin/python -c
  "import govsim; r = govsim.run('${SOURCE}/scenarios/tests/mmc.json', reps=2); print('created', r.metric('created'))"
  WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc OUTPUT_VARIABLE out)
message("${out}")
if(rc OR NOT out MATCHES "created [0-9]")
  message(FATAL_ERROR "the installed package did not run")
endif()
