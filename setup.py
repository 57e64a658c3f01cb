from setuptools import Extension, setup

# The counting engine's compiled base cases; optional: without a C compiler the engine uses NumPy.
setup(ext_modules=[Extension("arrangement.count_native", ["arrangement/count_native.c"],
                             extra_compile_args=["-O2"], optional=True)])
