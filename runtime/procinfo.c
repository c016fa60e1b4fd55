/* What the VM's translators ask of the system about a process or device:
 * a command line (pr_psargs), a block device's name (devinfo_t), a file
 * descriptor's path, file system, offset and flags (fds[]), a thread's
 * process ids and credentials (from the process table) and the rest of
 * its psinfo_t and lwpsinfo_t that /proc shows. Read from
 * /proc and /sys when asked, so a process that is gone reads as unknown. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include "runtime/rt.h"

/* curpsinfo->pr_psargs: the command line (80 characters at most, as
 * Solaris' PRARGSZ), cached per pid; the process name when it is gone. */
const char *rt_psargs(void *arg, int32_t pid)
{
	rt_session *s = arg;
	struct psargs_slot *e = &s->psargs[(uint32_t)pid % 64];
	char path[64];
	int fd;

	if (e->pid == pid && e->args[0])
		return e->args;
	e->pid = pid;
	e->args[0] = 0;
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		ssize_t n = read(fd, e->args, 80);
		close(fd);
		if (n > 0) {
			while (n > 0 && e->args[n - 1] == 0)
				n--;
			for (ssize_t i = 0; i < n; i++)
				if (e->args[i] == 0)
					e->args[i] = ' ';
			e->args[n] = 0;
		}
	}
	if (!e->args[0])
		snprintf(e->args, sizeof(e->args), "%s", rt_proctab_get(s->procs, pid)->comm);
	return e->args;
}

/* A block device's name from sysfs (DEVNAME= of its uevent), cached. */
const char *rt_devname(void *arg, uint32_t dev)
{
	rt_session *s = arg;
	struct devname_slot *e = &s->devnames[dev % 16];
	char path[96], line[128];
	FILE *f;

	if (e->known && e->dev == dev)
		return e->name[0] ? e->name : NULL;
	e->dev = dev;
	e->known = 1;
	e->name[0] = 0;
	/* the kernel's dev_t: 12 bits major, 20 bits minor */
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/uevent", dev >> 20, dev & 0xfffff);
	if ((f = fopen(path, "re"))) {
		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, "DEVNAME=", 8)) {
				line[strcspn(line, "\n")] = 0;
				snprintf(e->name, sizeof(e->name), "%.31s", line + 8);
			}
		fclose(f);
	}
	return e->name[0] ? e->name : NULL;
}


/* The mount point of the file system descriptor fd is on: its mount id
 * (fdinfo's mnt_id) looked up in the process's mountinfo. */
static const char *fd_mount(rt_session *s, int32_t pid, int32_t fd)
{
	char path[64], line[4096];
	int id = -1, mid;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", pid, fd);
	if ((f = fopen(path, "re"))) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "mnt_id: %d", &id) == 1)
				break;
		fclose(f);
	}
	snprintf(path, sizeof(path), "/proc/%d/mountinfo", pid);
	if (id < 0 || !(f = fopen(path, "re")))
		return "<unknown>";
	/* mount id, parent id, major:minor, root, mount point, ... */
	const char *found = "<unknown>";
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%d %*d %*s %*s %4095s", &mid, s->fdbuf) == 2 && mid == id) {
			found = s->fdbuf;
			break;
		}
	fclose(f);
	return found;
}

const char *rt_fdname(void *arg, int32_t pid, int32_t fd, int what)
{
	static const struct { long magic; const char *name; } fs[] = {
		{ 0xEF53, "ext4" }, { 0x01021994, "tmpfs" }, { 0x9fa0, "proc" }, { 0x62656572, "sysfs" },
		{ 0x794c7630, "overlay" }, { 0x58465342, "xfs" }, { 0x9123683E, "btrfs" },
		{ 0x1cd1, "devpts" }, { 0x534F434B, "sockfs" }, { 0x50495045, "pipefs" },
		{ 0x6969, "nfs" }, { 0x4d44, "vfat" }, { 0x2011BAB0, "exfat" }, { 0x73717368, "squashfs" },
		{ 0x27e0eb, "cgroup" }, { 0x63677270, "cgroup2" }, { 0x74726163, "tracefs" },
		{ 0x64626720, "debugfs" }, { 0x09041934, "anon_inodefs" },
	};
	rt_session *s = arg;
	char path[64];
	struct statfs sf;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, fd);
	n = readlink(path, s->fdbuf, sizeof(s->fdbuf) - 1);
	if (n < 0) {
		snprintf(path, sizeof(path), "/proc/%d", pid);
		return access(path, F_OK) == 0 ? "<none>" : "<unknown>";
	}
	s->fdbuf[n] = 0;
	if (!what)
		return s->fdbuf;
	if (what == 2)
		return fd_mount(s, pid, fd);
	if (!strncmp(s->fdbuf, "socket:", 7))
		return "sockfs";
	if (!strncmp(s->fdbuf, "pipe:", 5))
		return "pipefs";
	if (!strncmp(s->fdbuf, "anon_inode:", 11))
		return "anon_inodefs";
	if (statfs(path, &sf) == 0)
		for (size_t i = 0; i < sizeof(fs) / sizeof(fs[0]); i++)
			if ((long)sf.f_type == fs[i].magic)
				return fs[i].name;
	return "<unknown>";
}

int64_t rt_fdinfo(void *arg, int32_t pid, int32_t fd, int what)
{
	char path[64], line[128];
	int64_t v = -1;
	FILE *f;

	(void)arg;
	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", pid, fd);
	if (!(f = fopen(path, "re")))
		return -1;
	while (fgets(line, sizeof(line), f)) {
		/* pos is decimal, flags octal */
		if (!what && !strncmp(line, "pos:", 4))
			v = strtoll(line + 4, NULL, 10);
		else if (what && !strncmp(line, "flags:", 6))
			v = strtoll(line + 6, NULL, 8);
	}
	fclose(f);
	return v;
}

/* curcpu->cpu_chip and cpu_lgrp from sysfs: the CPU's physical package and
 * its NUMA node (the cpu<N>/node<M> link; 0 without NUMA), read once. */
int64_t rt_cputopo(void *arg, int32_t cpu, int what)
{
	static int32_t known[2][1024];
	static uint8_t read_already[1024];
	char path[96];

	(void)arg;
	if (cpu < 0 || cpu >= 1024 || what < 0 || what > 1)
		return -1;
	if (!read_already[cpu]) {
		FILE *f;
		DIR *d;
		struct dirent *e;
		int v = -1;
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/topology/physical_package_id", cpu);
		if ((f = fopen(path, "re"))) {
			if (fscanf(f, "%d", &v) != 1)
				v = -1;
			fclose(f);
		}
		known[0][cpu] = v;
		known[1][cpu] = 0;
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d", cpu);
		if ((d = opendir(path))) {
			while ((e = readdir(d)))
				if (!strncmp(e->d_name, "node", 4) && e->d_name[4] >= '0' && e->d_name[4] <= '9')
					known[1][cpu] = atoi(e->d_name + 4);
			closedir(d);
		} else {
			known[1][cpu] = -1;
		}
		read_already[cpu] = 1;
	}
	return known[what][cpu];
}

/* Fields 3 (state) to 41 (policy) of a /proc stat file into f[3..41];
 * 0 or -1 if it is gone. */
#define STAT_NF 42
static int read_stat(const char *path, int64_t f[STAT_NF])
{
	char buf[1024];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	/* pid (comm) state ...: comm may hold spaces and parens */
	char *p = strrchr(buf, ')');
	if (!p || p[1] != ' ')
		return -1;
	p += 2;
	memset(f, 0, STAT_NF * sizeof(f[0]));
	f[3] = (unsigned char)*p++;
	for (int i = 4; i < STAT_NF && *p; i++)
		f[i] = strtoll(p, &p, 10);
	return 0;
}

/* A stat file's starttime (clock ticks since boot) as ns since the epoch. */
static int64_t start_ns(int64_t ticks)
{
	struct timespec rt, bt;
	long hz = sysconf(_SC_CLK_TCK);

	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	int64_t boot = (rt.tv_sec - bt.tv_sec) * 1000000000LL + (rt.tv_nsec - bt.tv_nsec);
	return boot + ticks * (1000000000LL / (hz > 0 ? hz : 100));
}

/* The second field (effective) of the Uid: and Gid: lines of a status file. */
static void read_creds(const char *path, int64_t *euid, int64_t *egid)
{
	char line[256];
	FILE *f = fopen(path, "re");
	long r, e;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Uid: %ld %ld", &r, &e) == 2)
			*euid = e;
		else if (sscanf(line, "Gid: %ld %ld", &r, &e) == 2)
			*egid = e;
	}
	fclose(f);
}

#define PF_KTHREAD 0x00200000
enum { SCHED_OTHER_, SCHED_FIFO_, SCHED_RR_, SCHED_BATCH_, SCHED_ISO_, SCHED_IDLE_, SCHED_DEADLINE_ };

/* Fill slot e of thread tid (of process pid) from /proc: its stat, its
 * process's stat when that is another file, status and the executable's
 * ELF header. What cannot be read stays -1. */
static void read_procx(struct procx_slot *e, int32_t pid, int32_t tid)
{
	char path[64];
	int64_t f[STAT_NF];
	unsigned char ident[5];
	int fd;

	for (int i = 0; i < PI_NWHAT; i++)
		e->v[i] = -1;
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid);
	if (read_stat(path, f) == 0) {
		e->v[PI_PRI] = f[18] + 100; /* the kernel shows prio - MAX_RT_PRIO */
		e->v[PI_LWPSTART] = start_ns(f[22]);
		e->v[PI_CLASS] = f[41] == SCHED_FIFO_ || f[41] == SCHED_RR_ || f[41] == SCHED_DEADLINE_ ? 1 :
				 (f[9] & PF_KTHREAD) ? 2 : 0;
	}
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_stat(path, f) == 0) {
		e->v[PI_PGID] = f[5];
		e->v[PI_SID] = f[6];
		e->v[PI_NLWP] = f[20];
		e->v[PI_START] = start_ns(f[22]);
	}
	snprintf(path, sizeof(path), "/proc/%d/task/%d/status", pid, tid);
	read_creds(path, &e->v[PI_EUID], &e->v[PI_EGID]);
	/* an executable Linux cannot read (a kernel thread's) is the kernel's: LP64 */
	e->v[PI_DMODEL] = 2;
	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		if (read(fd, ident, sizeof(ident)) == (ssize_t)sizeof(ident) && !memcmp(ident, "\177ELF", 4) &&
		    ident[4] == 1)
			e->v[PI_DMODEL] = 1;
		close(fd);
	}
}

int64_t rt_proc_of(void *arg, int32_t tid, int what)
{
	rt_session *s = arg;
	const rt_proc *p = rt_proctab_get(s->procs, tid);
	int32_t pid = p->pid > 0 ? p->pid : tid;

	switch (what) {
	case PI_PID: return pid;
	case PI_PPID: return p->ppid;
	case PI_UID: return p->uid;
	case PI_GID: return p->gid;
	}
	if (what < 0 || what >= PI_NWHAT || tid <= 0)
		return -1;
	/* a thread's facts change rarely: read them again after 100 ms */
	struct procx_slot *e = &s->procx[(uint32_t)tid % 64];
	uint64_t now = rt_now();
	if (e->tid != tid || now - e->at > 100000000ULL) {
		read_procx(e, pid, tid);
		e->tid = tid;
		e->at = now;
	}
	return e->v[what];
}
