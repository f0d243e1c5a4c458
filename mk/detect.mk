# Detection around the dynamic loader and the compiler driver
# (tests/e2e/detect.sh): dynamic TLS of dlopen'ed libraries, dlclose +
# dlopen at the same address, two threads storing into fresh memory at
# once through a range access, gcc's inline builtins kept out of line, -static.
CHECK_SUITES += tests/e2e/detect.sh
