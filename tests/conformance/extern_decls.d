/* extern declarations and C function declarators are accepted and kept out of D's variables */
extern int e0, *e1, **e2;
extern e3;
extern int a1[], a2[3][4];
extern int getint(void);
extern int *(*fp)(void);
extern int va(int, ...);
extern int va2(...);
int proto(int, char *);

BEGIN
{
	printf("ok");
	exit(0);
}
