# govsim_add_plugin(NAME [BUILTIN] SOURCES src... [TARGET target] [OUTPUT_DIRECTORY dir])
#
# Builds a policy plugin from sources that register their policy with GOVSIM_POLICY (or export it
# with GOVSIM_EXPORT_POLICY), against govsim::plugin_sdk only:
#   - by default, a loadable library lib<target>.so (target: govsim_policy_NAME), with hidden
#     visibility and GOVSIM_PLUGIN_LIBRARY defined, so GOVSIM_POLICY writes the entry point;
#   - with BUILTIN (in govsim's own tree), compiled into govsim_policies, which every program
#     linking govsim::core takes whole, so the policy's registrar runs and it is built in.
# Out-of-tree plugins get this function from find_package(govsim).
function(govsim_add_plugin name)
  cmake_parse_arguments(P "BUILTIN" "TARGET;OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  if(NOT P_SOURCES)
    message(FATAL_ERROR "govsim_add_plugin(${name}): no SOURCES")
  endif()
  if(P_BUILTIN)
    if(NOT TARGET govsim_policies)
      message(FATAL_ERROR "govsim_add_plugin(${name} BUILTIN): only inside govsim's own build")
    endif()
    target_sources(govsim_policies PRIVATE ${P_SOURCES})
    return()
  endif()
  if(NOT P_TARGET)
    set(P_TARGET govsim_policy_${name})
  endif()
  add_library(${P_TARGET} MODULE ${P_SOURCES})
  target_link_libraries(${P_TARGET} PRIVATE govsim::plugin_sdk)
  target_compile_definitions(${P_TARGET} PRIVATE GOVSIM_PLUGIN_LIBRARY)
  set_target_properties(${P_TARGET} PROPERTIES PREFIX "lib" CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  if(P_OUTPUT_DIRECTORY)
    set_target_properties(${P_TARGET} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${P_OUTPUT_DIRECTORY})
  endif()
endfunction()
