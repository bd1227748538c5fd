@title: a task joins another's hostid namespace through its ns file and through a pidfd
# The hostid type installs with checkInstallAdmin, like the kernel's own types.
@needs: hostid
init: clone a hostid             => 2
a: sethostid 42                  => ok
init: clone b -                  => 3
b: setns a hostid                => ok
b: gethostid                     => 0000002a
b: ns hostid                     => hostid:2
init: clone c -                  => 4
c: setns-pidfd a hostid          => ok
c: gethostid                     => 0000002a
c: open a hostid f               => ok
c: ioctl f NS_GET_NSTYPE         => hostid
