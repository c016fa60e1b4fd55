#!/bin/sh
# Runs the fbt tests (tests/vm/guest.sh) inside a qemu guest whose kernel has
# kprobes (this machine's may not): Debian's stock kernel, unpacked under
# build/vm by `make test-vm`, booted with a busybox initramfs that holds
# build/dtr with its libraries and the test files. The guest's output ends
# with the tests' "N passed, N failed" line.
#
# Usage: sh tests/vm/run.sh [BUILD]   (VM_TIMEOUT seconds, default 900)
B=${1:-build}
cd "$(dirname "$0")/../.." || exit 1
K=$(ls -1v "$B"/vm/boot/vmlinuz-* 2>/dev/null | tail -n 1)
BB=$(command -v busybox)
for need in qemu-system-x86_64 cpio; do
	command -v $need >/dev/null || { echo "SKIP fbt guest tests: $need is not installed (make test-vm installs it)"; echo "0 passed, 0 failed"; exit 0; }
done
[ -n "$BB" ] || { echo "SKIP fbt guest tests: busybox-static is not installed (make test-vm installs it)"; echo "0 passed, 0 failed"; exit 0; }
[ -n "$K" ] || { echo "SKIP fbt guest tests: no guest kernel under $B/vm (make test-vm unpacks one)"; echo "0 passed, 0 failed"; exit 0; }

W=$(mktemp -d)
[ -n "$VM_KEEP" ] && echo "guest files in $W" >&2 || trap 'rm -rf "$W"' EXIT
R=$W/root
mkdir -p "$R/bin" "$R/proc" "$R/sys" "$R/dev" "$R/tmp" "$R/etc" "$R$PWD"
cp "$BB" "$R/bin/busybox"
echo dtrguest > "$R/etc/hostname"
# dtr, the workloads and the tests at their paths here, with their libraries
cp -r tests "$R$PWD/"
mkdir -p "$R$PWD/$B"
cp "$B/dtr" "$R$PWD/$B/"
for f in "$B/dtr" /usr/bin/env; do
	ldd "$f" 2>/dev/null | grep -o '/[^ ]*' | while read -r lib; do
		mkdir -p "$R$(dirname "$lib")"
		cp -L "$lib" "$R$lib"
	done
done
cat > "$R/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tracefs nodev /sys/kernel/tracing
mount -t debugfs nodev /sys/kernel/debug 2>/dev/null
hostname dtrguest
cd $PWD
echo "@@begin"
DTR=$PWD/$B/dtr sh tests/vm/guest.sh 2>&1
echo "@@end rc=\$?"
poweroff -f
INIT
chmod +x "$R/init"
(cd "$R" && find . | cpio -o -H newc --quiet | gzip -1) > "$W/initrd.gz"

accel="-accel tcg,thread=multi -cpu max"
if [ -w /dev/kvm ] && { [ -d /sys/module/kvm_intel ] || [ -d /sys/module/kvm_amd ]; }; then
	accel="-accel kvm -cpu host"
fi
timeout "${VM_TIMEOUT:-900}" qemu-system-x86_64 $accel -m 1024 -smp 2 -nographic -no-reboot \
	-kernel "$K" -initrd "$W/initrd.gz" -append "console=ttyS0 quiet panic=-1" \
	</dev/null > "$W/console" 2>&1
rc=$?
sed -n '/@@begin/,/^@@end/p' "$W/console" | tr -d '\r' | sed '1d;$d'
if ! grep -q '^@@end rc=' "$W/console"; then
	echo "the guest did not finish (qemu status $rc); its console:"
	tail -n 30 "$W/console"
	echo "0 passed, 1 failed"
	exit 1
fi
grep -q '^@@end rc=0' "$W/console"
