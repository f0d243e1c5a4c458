# Detection around the dynamic loader (tests/e2e/detect.sh): dynamic TLS
# of dlopen'ed libraries, dlclose + dlopen at the same address.
CHECK_SUITES += tests/e2e/detect.sh
