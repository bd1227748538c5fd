@title: after setns into another mount namespace, the task sees that namespace's mounts
# I3.1, I3.4: root and cwd move to the target's root
@needs: mnt
init: clone a mnt                    => 2
a: mkdir /tmp/nss/x                  => ok
a: mount tmpfs /tmp/nss/x            => ok
init: mounted /tmp/nss/x             => no
init: clone b -                      => 3
b: mounted /tmp/nss/x                => no
b: setns a mnt                       => ok
b: ns mnt                            => mnt:2
b: mounted /tmp/nss/x                => yes
b: umount /tmp/nss/x                 => ok
a: mounted /tmp/nss/x                => no
