/* Kernel types from BTF: argument types of kernel functions as C writes
 * them (dtr -lv), and struct layouts the compiler reads. Skipped where the
 * kernel has no /sys/kernel/btf/vmlinux. */
#include <criterion/criterion.h>
#include <unistd.h>

#include "dc/dc.h"

static int have_btf(void)
{
	return access("/sys/kernel/btf/vmlinux", R_OK) == 0;
}

Test(btf, kernel_function_argument_types)
{
	char t[10][128];

	if (!have_btf())
		cr_skip_test("no /sys/kernel/btf/vmlinux");
	cr_assert_eq(dc_kernel_argtypes("vfs_read", 0, t, 10), 4);
	cr_expect_str_eq(t[0], "struct file *");
	cr_expect_str_eq(t[1], "char *");
	cr_expect_str_eq(t[2], "size_t");
	cr_expect_str_eq(t[3], "loff_t *");
	cr_assert_eq(dc_kernel_argtypes("vfs_read", 1, t, 10), 2);
	cr_expect_str_eq(t[0], "int");
	cr_expect_str_eq(t[1], "ssize_t");
	cr_expect_eq(dc_kernel_argtypes("no_such_kernel_function_dtr", 0, t, 10), 0);
}
