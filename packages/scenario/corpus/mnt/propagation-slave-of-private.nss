@title: MS_SLAVE on a private mount leaves it private (no master to follow)
# M4.2: a private mount stays private; MS_PRIVATE drops both peers and master
@needs: mnt
init: mkdir /tmp/nss/p               => ok
init: mount tmpfs /tmp/nss/p         => ok
init: make-slave /tmp/nss/p          => ok
init: propagation /tmp/nss/p         => private
init: make-shared /tmp/nss/p         => ok
init: clone a mnt                    => 2
a: make-slave /tmp/nss/p             => ok
a: propagation /tmp/nss/p            => master:1
a: make-private /tmp/nss/p           => ok
a: propagation /tmp/nss/p            => private
