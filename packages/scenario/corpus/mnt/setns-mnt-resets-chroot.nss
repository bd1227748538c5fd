@title: setns into a mount namespace, even the caller's own, resets a chroot to the namespace's root
# I3.4: root and cwd are set to the root of the target namespace
@needs: mnt
init: mkdir /tmp/nss/r               => ok
init: clone a -                      => 2
a: chroot /tmp/nss/r                 => ok
a: exists /tmp/nss                   => no
a: setns init mnt                    => ok
a: exists /tmp/nss                   => yes
a: ns mnt                            => mnt:1
