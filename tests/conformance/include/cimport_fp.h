/* A C header with floating-point members, for cimport_float.d. */
struct sample {
	char tag;
	float ratio;
	double mean;
	long double total;
	int count;
};
typedef double weight_t;
