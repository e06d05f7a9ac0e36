// A tiny out-of-tree module for nicdoctor's strip/check tests: parameters, an export,
// calls into vmlinux (printk, kmalloc, a GPL-only symbol) so it has relocations and __versions.
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/jiffies.h>

static int greet_count = 1;
module_param(greet_count, int, 0444);
MODULE_PARM_DESC(greet_count, "How many greetings to print");

static char *who = "world";
module_param(who, charp, 0444);

static void *buffer;

int nd_hello_answer(void)
{
	return 42;
}
EXPORT_SYMBOL_GPL(nd_hello_answer);

static int __init nd_hello_init(void)
{
	int i;

	buffer = kmalloc(128, GFP_KERNEL);
	if (!buffer)
		return -ENOMEM;
	for (i = 0; i < greet_count; i++)
		pr_info("nd_hello: hello, %s (%lu)\n", who, jiffies);
	return 0;
}

static void __exit nd_hello_exit(void)
{
	kfree(buffer);
	pr_info("nd_hello: bye\n");
}

module_init(nd_hello_init);
module_exit(nd_hello_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("nicdoctor tests");
MODULE_DESCRIPTION("nicdoctor strip/check test module");
MODULE_VERSION("1.0");
