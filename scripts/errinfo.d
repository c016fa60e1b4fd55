#!/usr/sbin/dtr -qs
/*
 * errinfo.d - count failed system calls by process, system call and
 *             errno, with the errno's name and description.
 *
 * Usage: dtr -s errinfo.d                (every process; Ctrl-C to print)
 *        dtr -s errinfo.d -c 'cmd'       (cmd and its descendants)
 *        dtr -s errinfo.d -p PID         (PID and its descendants)
 *
 * Columns: EXEC     command name
 *          SYSCALL  system call that failed
 *          ERR      errno
 *          COUNT    number of failures
 *          DESC     errno's name and description
 *
 * The names and descriptions are Linux's (x86-64 and arm64 share them),
 * in the err[] and desc[] tables BEGIN fills. Linux's own restart codes
 * (ERESTARTSYS ...) show when a system call is interrupted by a signal.
 */

#pragma D option quiet

dtrace:::BEGIN
{
	err[1] = "EPERM";              desc[1] = "Operation not permitted";
	err[2] = "ENOENT";             desc[2] = "No such file or directory";
	err[3] = "ESRCH";              desc[3] = "No such process";
	err[4] = "EINTR";              desc[4] = "Interrupted system call";
	err[5] = "EIO";                desc[5] = "Input/output error";
	err[6] = "ENXIO";              desc[6] = "No such device or address";
	err[7] = "E2BIG";              desc[7] = "Argument list too long";
	err[8] = "ENOEXEC";            desc[8] = "Exec format error";
	err[9] = "EBADF";              desc[9] = "Bad file descriptor";
	err[10] = "ECHILD";            desc[10] = "No child processes";
	err[11] = "EAGAIN";            desc[11] = "Resource temporarily unavailable";
	err[12] = "ENOMEM";            desc[12] = "Cannot allocate memory";
	err[13] = "EACCES";            desc[13] = "Permission denied";
	err[14] = "EFAULT";            desc[14] = "Bad address";
	err[15] = "ENOTBLK";           desc[15] = "Block device required";
	err[16] = "EBUSY";             desc[16] = "Device or resource busy";
	err[17] = "EEXIST";            desc[17] = "File exists";
	err[18] = "EXDEV";             desc[18] = "Invalid cross-device link";
	err[19] = "ENODEV";            desc[19] = "No such device";
	err[20] = "ENOTDIR";           desc[20] = "Not a directory";
	err[21] = "EISDIR";            desc[21] = "Is a directory";
	err[22] = "EINVAL";            desc[22] = "Invalid argument";
	err[23] = "ENFILE";            desc[23] = "Too many open files in system";
	err[24] = "EMFILE";            desc[24] = "Too many open files";
	err[25] = "ENOTTY";            desc[25] = "Inappropriate ioctl for device";
	err[26] = "ETXTBSY";           desc[26] = "Text file busy";
	err[27] = "EFBIG";             desc[27] = "File too large";
	err[28] = "ENOSPC";            desc[28] = "No space left on device";
	err[29] = "ESPIPE";            desc[29] = "Illegal seek";
	err[30] = "EROFS";             desc[30] = "Read-only file system";
	err[31] = "EMLINK";            desc[31] = "Too many links";
	err[32] = "EPIPE";             desc[32] = "Broken pipe";
	err[33] = "EDOM";              desc[33] = "Numerical argument out of domain";
	err[34] = "ERANGE";            desc[34] = "Numerical result out of range";
	err[35] = "EDEADLK";           desc[35] = "Resource deadlock avoided";
	err[36] = "ENAMETOOLONG";      desc[36] = "File name too long";
	err[37] = "ENOLCK";            desc[37] = "No locks available";
	err[38] = "ENOSYS";            desc[38] = "Function not implemented";
	err[39] = "ENOTEMPTY";         desc[39] = "Directory not empty";
	err[40] = "ELOOP";             desc[40] = "Too many levels of symbolic links";
	err[41] = "E41";               desc[41] = "Unknown error 41 (unused)";
	err[42] = "ENOMSG";            desc[42] = "No message of desired type";
	err[43] = "EIDRM";             desc[43] = "Identifier removed";
	err[44] = "ECHRNG";            desc[44] = "Channel number out of range";
	err[45] = "EL2NSYNC";          desc[45] = "Level 2 not synchronized";
	err[46] = "EL3HLT";            desc[46] = "Level 3 halted";
	err[47] = "EL3RST";            desc[47] = "Level 3 reset";
	err[48] = "ELNRNG";            desc[48] = "Link number out of range";
	err[49] = "EUNATCH";           desc[49] = "Protocol driver not attached";
	err[50] = "ENOCSI";            desc[50] = "No CSI structure available";
	err[51] = "EL2HLT";            desc[51] = "Level 2 halted";
	err[52] = "EBADE";             desc[52] = "Invalid exchange";
	err[53] = "EBADR";             desc[53] = "Invalid request descriptor";
	err[54] = "EXFULL";            desc[54] = "Exchange full";
	err[55] = "ENOANO";            desc[55] = "No anode";
	err[56] = "EBADRQC";           desc[56] = "Invalid request code";
	err[57] = "EBADSLT";           desc[57] = "Invalid slot";
	err[58] = "E58";               desc[58] = "Unknown error 58 (unused)";
	err[59] = "EBFONT";            desc[59] = "Bad font file format";
	err[60] = "ENOSTR";            desc[60] = "Device not a stream";
	err[61] = "ENODATA";           desc[61] = "No data available";
	err[62] = "ETIME";             desc[62] = "Timer expired";
	err[63] = "ENOSR";             desc[63] = "Out of streams resources";
	err[64] = "ENONET";            desc[64] = "Machine is not on the network";
	err[65] = "ENOPKG";            desc[65] = "Package not installed";
	err[66] = "EREMOTE";           desc[66] = "Object is remote";
	err[67] = "ENOLINK";           desc[67] = "Link has been severed";
	err[68] = "EADV";              desc[68] = "Advertise error";
	err[69] = "ESRMNT";            desc[69] = "Srmount error";
	err[70] = "ECOMM";             desc[70] = "Communication error on send";
	err[71] = "EPROTO";            desc[71] = "Protocol error";
	err[72] = "EMULTIHOP";         desc[72] = "Multihop attempted";
	err[73] = "EDOTDOT";           desc[73] = "RFS specific error";
	err[74] = "EBADMSG";           desc[74] = "Bad message";
	err[75] = "EOVERFLOW";         desc[75] = "Value too large for defined data type";
	err[76] = "ENOTUNIQ";          desc[76] = "Name not unique on network";
	err[77] = "EBADFD";            desc[77] = "File descriptor in bad state";
	err[78] = "EREMCHG";           desc[78] = "Remote address changed";
	err[79] = "ELIBACC";           desc[79] = "Can not access a needed shared library";
	err[80] = "ELIBBAD";           desc[80] = "Accessing a corrupted shared library";
	err[81] = "ELIBSCN";           desc[81] = ".lib section in a.out corrupted";
	err[82] = "ELIBMAX";           desc[82] = "Attempting to link in too many shared libraries";
	err[83] = "ELIBEXEC";          desc[83] = "Cannot exec a shared library directly";
	err[84] = "EILSEQ";            desc[84] = "Invalid or incomplete multibyte or wide character";
	err[85] = "ERESTART";          desc[85] = "Interrupted system call should be restarted";
	err[86] = "ESTRPIPE";          desc[86] = "Streams pipe error";
	err[87] = "EUSERS";            desc[87] = "Too many users";
	err[88] = "ENOTSOCK";          desc[88] = "Socket operation on non-socket";
	err[89] = "EDESTADDRREQ";      desc[89] = "Destination address required";
	err[90] = "EMSGSIZE";          desc[90] = "Message too long";
	err[91] = "EPROTOTYPE";        desc[91] = "Protocol wrong type for socket";
	err[92] = "ENOPROTOOPT";       desc[92] = "Protocol not available";
	err[93] = "EPROTONOSUPPORT";   desc[93] = "Protocol not supported";
	err[94] = "ESOCKTNOSUPPORT";   desc[94] = "Socket type not supported";
	err[95] = "EOPNOTSUPP";        desc[95] = "Operation not supported";
	err[96] = "EPFNOSUPPORT";      desc[96] = "Protocol family not supported";
	err[97] = "EAFNOSUPPORT";      desc[97] = "Address family not supported by protocol";
	err[98] = "EADDRINUSE";        desc[98] = "Address already in use";
	err[99] = "EADDRNOTAVAIL";     desc[99] = "Cannot assign requested address";
	err[100] = "ENETDOWN";         desc[100] = "Network is down";
	err[101] = "ENETUNREACH";      desc[101] = "Network is unreachable";
	err[102] = "ENETRESET";        desc[102] = "Network dropped connection on reset";
	err[103] = "ECONNABORTED";     desc[103] = "Software caused connection abort";
	err[104] = "ECONNRESET";       desc[104] = "Connection reset by peer";
	err[105] = "ENOBUFS";          desc[105] = "No buffer space available";
	err[106] = "EISCONN";          desc[106] = "Transport endpoint is already connected";
	err[107] = "ENOTCONN";         desc[107] = "Transport endpoint is not connected";
	err[108] = "ESHUTDOWN";        desc[108] = "Cannot send after transport endpoint shutdown";
	err[109] = "ETOOMANYREFS";     desc[109] = "Too many references: cannot splice";
	err[110] = "ETIMEDOUT";        desc[110] = "Connection timed out";
	err[111] = "ECONNREFUSED";     desc[111] = "Connection refused";
	err[112] = "EHOSTDOWN";        desc[112] = "Host is down";
	err[113] = "EHOSTUNREACH";     desc[113] = "No route to host";
	err[114] = "EALREADY";         desc[114] = "Operation already in progress";
	err[115] = "EINPROGRESS";      desc[115] = "Operation now in progress";
	err[116] = "ESTALE";           desc[116] = "Stale file handle";
	err[117] = "EUCLEAN";          desc[117] = "Structure needs cleaning";
	err[118] = "ENOTNAM";          desc[118] = "Not a XENIX named type file";
	err[119] = "ENAVAIL";          desc[119] = "No XENIX semaphores available";
	err[120] = "EISNAM";           desc[120] = "Is a named type file";
	err[121] = "EREMOTEIO";        desc[121] = "Remote I/O error";
	err[122] = "EDQUOT";           desc[122] = "Disk quota exceeded";
	err[123] = "ENOMEDIUM";        desc[123] = "No medium found";
	err[124] = "EMEDIUMTYPE";      desc[124] = "Wrong medium type";
	err[125] = "ECANCELED";        desc[125] = "Operation canceled";
	err[126] = "ENOKEY";           desc[126] = "Required key not available";
	err[127] = "EKEYEXPIRED";      desc[127] = "Key has expired";
	err[128] = "EKEYREVOKED";      desc[128] = "Key has been revoked";
	err[129] = "EKEYREJECTED";     desc[129] = "Key was rejected by service";
	err[130] = "EOWNERDEAD";       desc[130] = "Owner died";
	err[131] = "ENOTRECOVERABLE";  desc[131] = "State not recoverable";
	err[132] = "ERFKILL";          desc[132] = "Operation not possible due to RF-kill";
	err[133] = "EHWPOISON";        desc[133] = "Memory page has hardware error";
	/* the kernel's own, seen when a system call is interrupted */
	err[512] = "ERESTARTSYS";      desc[512] = "Interrupted, to be restarted";
	err[513] = "ERESTARTNOINTR";   desc[513] = "Interrupted, to be restarted";
	err[514] = "ERESTARTNOHAND";   desc[514] = "Interrupted, restarted if no handler";
	err[515] = "ENOIOCTLCMD";      desc[515] = "No ioctl command";
	err[516] = "ERESTART_RESTARTBLOCK"; desc[516] = "Interrupted, restarted by restart_syscall";
	err[517] = "EPROBE_DEFER";     desc[517] = "Driver requests probe retry";

	printf("Tracing... Hit Ctrl-C to end.\n");
}

syscall:::return
/errno != 0 && ($target == 0 || progenyof($target))/
{
	this->known = (errno >= 1 && errno <= 133) ||
	    (errno >= 512 && errno <= 517);
	this->name = this->known ? err[errno] : "E?";
	this->desc = this->known ? desc[errno] : "Unknown error";
	@errs[execname, probefunc, errno, this->name, this->desc] = count();
}

dtrace:::END
{
	printf("%16s %16s %4s %6s  %s\n", "EXEC", "SYSCALL", "ERR", "COUNT",
	    "DESC");
	printa("%16s %16s %4d %@6d  %s: %s\n", @errs);
}
