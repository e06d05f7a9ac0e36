/* Cross-architecture ET_REL sample for the ELF reader/stripper tests (ELF32/64, LSB/MSB). */
int counter = 3;
static int hidden;
extern int imported(int);

static int helper(int a)
{
	return a + counter + hidden;
}

int exported(int a)
{
	hidden++;
	return imported(helper(a));
}
