/* -x empty allows a program with no clauses; it enables no probes. */
