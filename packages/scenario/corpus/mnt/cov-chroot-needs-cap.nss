@title: chroot needs CAP_SYS_CHROOT in the caller's user namespace
# C11.4: after setuid away from root the effective set is empty and chroot is EPERM;
# a child that kept root's capabilities may chroot.
@needs: user,mnt
init: mkdir /tmp/nss/r               => ok
init: clone a -                      => 2
a: setuid 1000                       => ok
a: chroot /tmp/nss/r                 => EPERM
a: exists /tmp/nss                   => yes
init: clone b -                      => 3
b: chroot /tmp/nss/r                 => ok
b: exists /tmp/nss                   => no
