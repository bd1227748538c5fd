@title: a newer mount namespace can be pinned from an older one, not the other way round
# M8.2, M2.3: a child's newer mount ns is fine; such bindings are not copied into new namespaces
@needs: mnt
init: clone a mnt                    => 2
a: mkdir /tmp/nss/seen               => ok
a: mount tmpfs /tmp/nss/seen         => ok
init: pin a mnt /tmp/nss/m           => ok
init: nspath /tmp/nss/m              => mnt:2
a: pin init mnt /tmp/nss/back        => EINVAL
a: exists /tmp/nss/back              => no
a: exit                              => ok
init: clone b -                      => 3
b: setns-path /tmp/nss/m mnt         => ok
b: mounted /tmp/nss/seen             => yes
init: clone c mnt                    => 4
c: mounted /tmp/nss/m                => no   # the mntns binding was left out of the copy
