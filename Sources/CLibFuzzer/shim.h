// libFuzzer's driver (compiler-rt FuzzerInterface.h), for `sentinel-fuzz` built with
// `-sanitize=fuzzer` (`make fuzz`). Declaration only: nothing links it in other builds.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
