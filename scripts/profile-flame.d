#!/usr/sbin/dtr -qs
/*
 * profile-flame.d - sample on-CPU user and kernel stacks at 99 Hz and print
 * them folded (frames outermost first, ';'-separated, then the count), the
 * input flame graph tools (flamegraph.pl, speedscope, inferno) read.
 *
 * Usage: dtr -s profile-flame.d -c ./prog > out.folded
 *        dtr -s profile-flame.d                 (all processes; Ctrl-C to stop)
 *        flamegraph.pl out.folded > out.svg
 */
#pragma D option quiet
#pragma D option foldstacks

profile-99
/$target == 0 || pid == $target/
{
	@[ustack()] = count();
}
