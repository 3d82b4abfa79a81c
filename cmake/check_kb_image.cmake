# check_kb_image.cmake: fails when the KB built into SCOOT (the image made at build time) is not
# the KB that the file KB compiles to: `scoot kb show` (JSON and text) must print the same
# through both. Run after every link of scoot (CMakeLists.txt).
foreach(format json text)
  execute_process(COMMAND ${SCOOT} kb show --format ${format}
                  OUTPUT_VARIABLE built_in RESULT_VARIABLE rc1)
  execute_process(COMMAND ${SCOOT} kb show --format ${format} --kb ${KB}
                  OUTPUT_VARIABLE from_text RESULT_VARIABLE rc2)
  if(NOT rc1 EQUAL 0 OR NOT rc2 EQUAL 0)
    message(FATAL_ERROR "scoot kb show --format ${format} failed (${rc1}, ${rc2})")
  endif()
  if(NOT built_in STREQUAL from_text)
    message(FATAL_ERROR "the built-in KB image is stale: `scoot kb show --format ${format}` "
                        "differs from `scoot kb show --format ${format} --kb ${KB}`; "
                        "rebuild generated/default_kb_image.c (tools/kbimage.c)")
  endif()
endforeach()
