# dtr -h and -G on a D provider definition: the header compiles into a
# program whose .note.stapsdt names each probe with a semaphore; run
# untraced, the program sees its probes disabled; traced, enabled.

cat >"$T/myapp.d" <<'EOF'
#pragma D attributes Evolving/Evolving/Common provider myapp provider
#pragma D attributes Private/Private/Unknown provider myapp module
provider myapp {
	probe request__start(char *, int);
	probe request__done(char *path, int status, uint64_t ns);
	probe tick();
};
EOF

cat >"$T/app.c" <<'EOF'
#include <stdint.h>
#include <stdio.h>
#include "myapp.h"

int other(void);

int main(void)
{
	if (MYAPP_REQUEST_START_ENABLED()) {
		MYAPP_REQUEST_START("hello", 42);
		puts("request-start enabled");
	} else {
		puts("request-start disabled");
	}
	MYAPP_REQUEST_DONE("/index.html", 200, (uint64_t)1234);
	return other();
}
EOF

cat >"$T/other.c" <<'EOF'
#include "myapp.h"

int other(void)
{
	MYAPP_TICK();
	return 0;
}
EOF

expect_rc "a script of provider definitions alone compiles (-e)" 0 '' "$DTR" -e -s "$T/myapp.d"

rm -f "$T/myapp.h"
run "$DTR" -h -s "$T/myapp.d" -o "$T/myapp.h"
if ! command -v cc >/dev/null 2>&1; then
	skip "dtr -h" "no C compiler"
else
	check "dtr -h -s myapp.d -o myapp.h exits 0 and writes the header" \
		sh -c '[ "$1" = 0 ] && grep -q "^#ifndef _MYAPP_H$" "$2" && grep -q "^#define MYAPP_REQUEST_START(arg0, arg1)" "$2"' \
		sh "$RC" "$T/myapp.h"

	run cc -O2 -Wall -Wextra -Werror -o "$T/app" "$T/app.c" "$T/other.c" -I"$T"
	check "the header compiles into a program of two files that both include it" test "$RC" = 0

	# readelf -n: Provider: myapp / Name: request__start / Location: ..., Semaphore: 0x...
	run readelf -n "$T/app"
	check "the program's .note.stapsdt has myapp request__start with a semaphore" awk '
		$1 == "Provider:" { p = $2 } $1 == "Name:" { n = $2 }
		p == "myapp" && n == "request__start" && /Semaphore:/ { s = $NF }
		END { exit !(s ~ /^0x0*[1-9a-f]/) }' "$T/out"
	check "the note's semaphore is the header's myapp_request__start_semaphore" sh -c '
		s=$(awk "\$1 == \"Provider:\" { p = \$2 } \$1 == \"Name:\" { n = \$2 }
			p == \"myapp\" && n == \"request__start\" && /Semaphore:/ { print \$NF }" "$1/out")
		a=$(nm "$1/app" | awk "\$3 == \"myapp_request__start_semaphore\" { print \$1 }")
		[ -n "$a" ] && [ $((s)) = $((0x$a)) ]' sh "$T"
	check "the program's notes: request__done with 3 arguments, tick with none" awk '
		$1 == "Provider:" { p = $2 } $1 == "Name:" { n = $2 }
		p == "myapp" && /Arguments:/ { a[n] = NF - 1 }
		p == "myapp" && n == "tick" && /Semaphore:/ { t = 1 }
		END { exit !(a["request__done"] == 3 && t && ("tick" in a) && a["tick"] == 0) }' "$T/out"

	expect_out "run untraced, MYAPP_REQUEST_START_ENABLED() is false" 'request-start disabled\n' "$T/app"

	if need_root "dtr -h: traced"; then
		run "$DTR" -q -n 'myapp$target:::request-start { printf("%s %d\n", copyinstr(arg0), arg1); }' -c "$T/app"
		check "traced, the probe is enabled and fires with its arguments" sh -c '
			grep -qx "request-start enabled" "$1" && grep -qx "hello 42" "$1"' sh "$T/out"
	fi
fi

expect_rc "dtr -G exits 0 with a message (the header defines the semaphores)" 0 'not needed on Linux' \
	"$DTR" -G -s "$T/myapp.d"
(cd "$T" && "$DTR" -h -s myapp.d >/dev/null 2>&1)
check "dtr -h without -o writes the script's name with .h" grep -q '^#define MYAPP_TICK()' "$T/myapp.h"
echo "BEGIN { exit(0); }" >"$T/np.d"
expect_rc "dtr -h of a script without providers is an error" 1 'no providers defined' \
	"$DTR" -h -s "$T/np.d" -o "$T/none.h"
