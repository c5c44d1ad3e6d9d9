// A shared library without the entry point: the loader must refuse it.
extern "C" __attribute__((visibility("default"))) int govsim_something_else() { return 42; }
