@title: setns through a kept pidfd takes the types named: none (any) is EINVAL, and without a type the fd's own is asked (ENOTTY)
# C8.3: with a pidfd, nstype must be a non-empty set of CLONE_NEW* flags: 0 is EINVAL.
# `setns-fd <fd>` without a type asks the fd's own with ioctl(NS_GET_NSTYPE),
# which a pidfd does not answer (pidfs has no such ioctl): ENOTTY, and no setns.
@needs: pid,uts
init: clone a uts                => 2
init: pidfd-open a f             => ok
init: setns-fd f any             => EINVAL
init: setns-fd f                 => ENOTTY
init: ns uts                     => uts:1
init: setns-fd f uts             => ok
init: ns uts                     => uts:2
init: fdns f                     => ENOTTY    # a pidfd names no namespace: NS_GET_NSTYPE is not its ioctl
