/* -C scripts' C headers: the declarations of the headers a script
 * includes, read by libclang (loaded only when a header contributes
 * declarations) and added to the program's type table (cimport.c). */
#ifndef DC_CIMPORT_H
#define DC_CIMPORT_H

struct dcomp;
typedef struct dc_cimport dc_cimport;

/* src is cpp's output for script (line markers included), listing the
 * script's text before cpp (NULL: unknown), args the -I/-D/-U options cpp
 * was given. When included headers contributed lines, libclang parses
 * them (with the script's own #define and #include lines, the same
 * options, and its own target macros) and those lines are removed from
 * src in place, so that the D parser reads only the script's lines; a
 * header libclang rejects (D declarations, not C) stays in src. Returns
 * NULL when no header contributed a line (libclang is not loaded then). */
dc_cimport *dc_cimport_open(const char *script, const char *listing, char *src, char *const *args,
			    int nargs);
/* Why libclang could not be loaded (src is then unchanged), or NULL. */
const char *dc_cimport_error(const dc_cimport *ci);
void dc_cimport_close(dc_cimport *ci);

/* Compiler hook, before parsing: add the headers' structs, unions, enums
 * (with their enumerators) and typedefs that the program's text names,
 * with every type their members need, laid out as clang lays them out. */
void dc_cimport_apply(struct dcomp *c, dc_cimport *ci);

#endif
