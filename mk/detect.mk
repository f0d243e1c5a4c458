# Detection around the dynamic loader and the compiler driver
# (tests/e2e/detect.sh): dynamic TLS of dlopen'ed libraries, dlclose +
# dlopen at the same address, gcc's inline builtins kept out of line, -static.
CHECK_SUITES += tests/e2e/detect.sh
