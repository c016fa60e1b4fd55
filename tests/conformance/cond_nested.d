/* Conditional expressions nest deeper than there are registers: each
 * branch's value is moved into the result only on its own path. */
BEGIN
{
	trace(strjoin("a", "b") > strjoin("b", "a") ? 1 :
	      strjoin("c", "b") > strjoin("d", "a") ? 2 :
	      strjoin("e", "b") > strjoin("f", "a") ? 3 :
	      strjoin("g", "b") > strjoin("h", "a") ? 4 :
	      strjoin("i", "b") > strjoin("j", "a") ? 5 :
	      strjoin("k", "b") > strjoin("l", "a") ? 6 :
	      strjoin("m", "b") > strjoin("n", "a") ? 7 :
	      strjoin("o", "b") > strjoin("p", "a") ? 8 :
	      strjoin("q", "b") > strjoin("r", "a") ? 9 :
	      strjoin("s", "b") > strjoin("t", "a") ? 10 :
	      strjoin("u", "b") > strjoin("v", "a") ? 11 :
	      strjoin("w", "b") > strjoin("x", "a") ? 12 :
	      strjoin("y", "b") > strjoin("z", "a") ? 13 :
	      strjoin("Y", "b") > strjoin("Z", "a") ? 14 :
	      strjoin("B", "b") > strjoin("A", "a") ? 15 : 16);
	exit(0);
}
