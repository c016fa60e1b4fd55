# Kernel types from BTF, and fbt on a kernel without kprobes (fbt itself is
# tested in a qemu guest: tests/vm/guest.sh).

if [ -r /sys/kernel/btf/vmlinux ]; then
	expect_out "kernel structs from BTF: sizeof, offsetof, member types" '16 8 16 1\n\n' \
		"$DTR" -q -n 'BEGIN { printf("%d %d %d %d\n", sizeof(struct list_head), offsetof(struct list_head, prev),
			sizeof(((struct task_struct *)0)->comm), sizeof(struct task_struct) > 1000); exit(0); }'
	if command -v python3 >/dev/null 2>&1; then
		exp=$(for s in task_struct file sk_buff inode; do python3 tests/e2e/lib/btf_size.py $s; done | tr '\n' ' ')
		expect_out "sizeof of kernel structs is what BTF says (read here without libbpf)" "${exp% }\n\n" \
			"$DTR" -q -n 'BEGIN { printf("%d %d %d %d\n", sizeof(struct task_struct), sizeof(struct file),
				sizeof(struct sk_buff), sizeof(struct inode)); exit(0); }'
	fi
	expect_out "a kernel enum's size and a union from BTF" '4 8\n\n' \
		"$DTR" -q -n 'BEGIN { printf("%d %d\n", sizeof(enum pid_type), sizeof(union sigval)); exit(0); }'
	expect_out "kernel bit-fields from BTF (iphdr's ihl and version share a byte), in a global kernel struct" \
		'5 4 69 20\n\n' \
		"$DTR" -q -n 'struct iphdr iph; BEGIN { iph.ihl = 5; iph.version = 4; printf("%d %d %d %d\n", iph.ihl,
			iph.version, *((unsigned char *)&iph.tos - 1), sizeof(iph)); exit(0); }'
	expect_out "kernel typedef names, in a program that names a kernel struct" '16 8 4\n\n' \
		"$DTR" -q -n 'BEGIN { printf("%d %d %d\n", sizeof(struct list_head), sizeof(loff_t), sizeof(atomic_t));
			exit(0); }'
	expect_rc "a program that names no kernel type does not look identifiers up in BTF" 1 \
		'failed to resolve loff_t: Unknown variable name' \
		"$DTR" -q -n 'BEGIN { trace(sizeof(loff_t)); exit(0); }'
	expect_rc "a struct neither the program nor the kernel defines is incomplete" 1 \
		'cannot apply sizeof to incomplete type struct no_such_struct_dtr' \
		"$DTR" -q -n 'BEGIN { trace(sizeof(struct no_such_struct_dtr)); }'
	expect_out "a struct the program defines is its own, not the kernel's" '4\n\n' \
		"$DTR" -q -n 'struct file { int x; }; BEGIN { printf("%d\n", sizeof(struct file)); exit(0); }'
	if command -v strace >/dev/null 2>&1; then
		run strace -f -e trace=openat "$DTR" -q -n 'BEGIN { exit(0); }'
		check "a program without kernel types does not read BTF" sh -c '! grep -q btf/vmlinux "$0"' "$T/err"
	fi
else
	skip "kernel types from BTF" "no /sys/kernel/btf/vmlinux"
fi

if [ ! -e /sys/bus/event_source/devices/kprobe ] && [ "$(id -u)" = 0 ] &&
   ! grep -qs . /sys/kernel/tracing/kprobe_events && [ ! -e /sys/kernel/tracing/kprobe_events ]; then
	expect_rc "fbt without CONFIG_KPROBES says so, exit 1" 1 \
		'^dtr: fbt provider unavailable: kernel built without CONFIG_KPROBES$' \
		"$DTR" -n 'fbt::vfs_read:entry { @[execname] = count(); }'
	expect_rc "-l -P fbt too" 1 '^dtr: fbt provider unavailable: kernel built without CONFIG_KPROBES$' \
		"$DTR" -l -P fbt
else
	skip "fbt unavailable message" "this kernel has kprobes"
fi

# C types from headers (-C, libclang): what a C program compiled here says
if command -v cc >/dev/null 2>&1; then
	printf '#include <stdio.h>\n#include <stddef.h>\n#include <sys/stat.h>\n#include <netinet/in.h>\nint main(void) { printf("%%zu %%zu %%zu %%zu\\n", sizeof(struct stat), offsetof(struct stat, st_size), sizeof(struct sockaddr_in), offsetof(struct sockaddr_in, sin_addr)); return 0; }\n' > "$T/c.c"
	printf '#include <sys/stat.h>\n#include <netinet/in.h>\nBEGIN { printf("%%d %%d %%d %%d\\n", sizeof(struct stat), offsetof(struct stat, st_size), sizeof(struct sockaddr_in), offsetof(struct sockaddr_in, sin_addr)); exit(0); }\n' > "$T/c.d"
	if cc -o "$T/c" "$T/c.c" 2>/dev/null; then
		expect_out "-C: struct stat and sockaddr_in as the C compiler lays them out" "$("$T/c")\n\n" \
			"$DTR" -C -q -s "$T/c.d"
	fi
fi
