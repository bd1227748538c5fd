@title: setns with a pidfd and no namespace flags is EINVAL
# C8.3: nstype must be a non-empty set of CLONE_NEW* flags (peer case 139).
@needs: uts
init: clone a uts                => 2
init: setns-pidfd a -            => EINVAL
init: ns uts                     => uts:1
