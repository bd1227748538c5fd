@title: a new mount namespace holds a copy of every mount of its creator's, and changes to either copy stay in it
# M2.2, M2.5
@needs: mnt
init: mkdir /tmp/nss/a             => ok
init: mkdir /tmp/nss/b             => ok
init: mount tmpfs /tmp/nss/a       => ok
init: mount tmpfs /tmp/nss/b       => ok
init: mkdir /tmp/nss/a/c           => ok
init: mount tmpfs /tmp/nss/a/c     => ok
init: clone c mnt                  => 2
c: mounts /tmp/nss                 => /tmp/nss,/tmp/nss/a,/tmp/nss/a/c,/tmp/nss/b
c: umount /tmp/nss/b               => ok
init: mounts /tmp/nss              => /tmp/nss,/tmp/nss/a,/tmp/nss/a/c,/tmp/nss/b
c: ns mnt                          => mnt:2
init: ns mnt                       => mnt:1
