@title: setns with a pidfd and no namespace flags is EINVAL
# C8.3: nstype must be a non-empty set of CLONE_NEW* flags (selftests pidfd_setns_test.c invalid_flags; gVisor pidfd_test.cc SetnsInvalidFlags).
@needs: uts
init: clone a uts                => 2
init: setns-pidfd a -            => EINVAL
init: ns uts                     => uts:1
