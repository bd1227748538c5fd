@title: the copy of an unbindable mount in a new mount namespace is private
# M2.6: unbindable mounts are copied (CL_COPY_UNBINDABLE) but lose the state
@needs: mnt
init: mkdir /tmp/nss/u               => ok
init: mount tmpfs /tmp/nss/u         => ok
init: make-unbindable /tmp/nss/u     => ok
init: clone a mnt                    => 2
a: mounted /tmp/nss/u                => yes
a: propagation /tmp/nss/u            => private
init: propagation /tmp/nss/u         => unbindable
a: mkdir /tmp/nss/d                  => ok
a: mount bind /tmp/nss/u /tmp/nss/d  => ok
