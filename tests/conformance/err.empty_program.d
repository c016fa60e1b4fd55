/* a script of comments and pragmas only */
#pragma D option quiet
