# embed.cmake: writes the file IN as a C byte array to OUT (scoot__default_kb, _len).
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR len "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" body "${body}")
file(WRITE ${OUT} "/* Generated from ${IN} by cmake/embed.cmake; do not edit. */\n#include <stddef.h>\n"
  "extern const char scoot__default_kb[];\nextern const size_t scoot__default_kb_len;\n"
  "const char scoot__default_kb[] = {\n${body}0};\nconst size_t scoot__default_kb_len = ${len};\n")
