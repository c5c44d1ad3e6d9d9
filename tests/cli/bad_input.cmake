# The command line with hostile input (issue 11): each case exits with the expected status and prints
# exactly one line "govsim: error: ..." matching the expected message; usage errors exit 2.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/adir)
file(WRITE ${WORK}/afile "")
set(MMC ${SOURCE}/scenarios/tests/mmc.json)
set(KENLI ${SOURCE}/scenarios/kenli.json)
set(REG ${SOURCE}/tests/fuzz/regressions)

function(expect status pattern)
  execute_process(COMMAND ${GOVSIM} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc STREQUAL "${status}")
    message(FATAL_ERROR "govsim ${ARGN}: exit ${rc}, expected ${status}\nstdout: ${out}\nstderr: ${err}")
  endif()
  if(status STREQUAL "0")
    return()
  endif()
  string(REGEX MATCHALL "\n" lines "${err}")
  list(LENGTH lines n)
  if(NOT n EQUAL 1 OR NOT err MATCHES "^govsim: error: ${pattern}")
    message(FATAL_ERROR "govsim ${ARGN}: stderr is not one line 'govsim: error: ${pattern}':\n${err}")
  endif()
endfunction()

# Usage errors: status 2, the same one-line form.
expect(2 "--seed: expected an integer seed from 0 to 18446744073709551615, got '-5'" run ${MMC} --seed -5)
expect(2 "--seed: expected an integer seed from 0 to 18446744073709551615, got '18446744073709551616'" run ${MMC} --seed 18446744073709551616)
expect(2 "The following argument was not expected: --bogus" run ${MMC} --bogus)
expect(2 "--max-per-unit: Value 4294967295 not in range 0 to 100000" staff ${MMC} --role server --target p_wait<=0.5 --max-per-unit 4294967295)
# Files that are not scenario files.
expect(1 "${WORK}/adir: /: expected a JSON file, not a directory" run ${WORK}/adir)
expect(1 "${WORK}/adir: /: expected a JSON file, not a directory" check ${MMC} --targets ${WORK}/adir)
expect(1 ".*mmc.json: /run/seed: in the value after '=': expected a number within a double's range" run ${MMC} --set run.seed=1e400)
# Output paths refused before any work.
expect(1 "cannot write into ${WORK}/afile: it exists and is not a directory" calibrate ${KENLI} --targets ${SOURCE}/scenarios/targets/kenli.json --out ${WORK}/afile)
expect(1 "cannot create the output directory /proc/govsim-no" calibrate ${KENLI} --targets ${SOURCE}/scenarios/targets/kenli.json --out /proc/govsim-no)
expect(1 "cannot write into ${WORK}/afile: it exists and is not a directory" staff ${MMC} --role server --target p_wait<=0.5 --out ${WORK}/afile)
expect(1 "cannot write ${WORK}/adir: it is a directory" analyze ${MMC} --out ${WORK}/adir)
expect(1 "cannot write into ${WORK}/afile: it exists and is not a directory" run ${MMC} --reps 1 --out ${WORK}/afile)
# A scenario name that would write outside the output folder.
expect(1 ".*name_escapes_out.json: /name: expected a name of 1 to 100 bytes usable as a file name" validate ${REG}/name_escapes_out.json)
# The docs' minimal scenario has no run block: --reps and --seed still apply.
expect(0 "" run ${REG}/no_run_block.json --reps 2 --seed 3 --quiet)
# A service time of 1e20 hours on a work calendar ends (it used to hang).
expect(0 "" run ${REG}/hang_deterministic_1e20_on_calendar.json --quiet)
