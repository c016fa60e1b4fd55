// Workload in C++: throws and catches N exceptions (default 3, or argv[1])
// from a member function of a class in a namespace, so that libstdc++'s
// USDT probes (libstdcxx:::throw, catch) fire and user stacks hold C++
// names to demangle: shapes::Circle::area(double) const.
#include <cstdlib>
#include <stdexcept>

namespace shapes {
struct Circle {
	double r;
	__attribute__((noipa)) double area(double scale) const
	{
		if (scale < 0)
			throw std::runtime_error("negative scale");
		return 3.14159 * r * r * scale;
	}
};
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? std::atoi(argv[1]) : 3, caught = 0;
	shapes::Circle c{ 2.0 };

	for (int i = 0; i < n; i++) {
		try {
			c.area(-1.0 - i);
		} catch (const std::exception &) {
			caught++;
		}
	}
	return caught == n ? 0 : 1;
}
