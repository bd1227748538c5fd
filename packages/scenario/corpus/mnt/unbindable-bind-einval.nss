@title: an unbindable mount cannot be the source of a bind mount
# M4.4: MS_UNBINDABLE: bind source unbindable -> EINVAL
@needs: mnt
init: mkdir /tmp/nss/u               => ok
init: mount tmpfs /tmp/nss/u         => ok
init: make-unbindable /tmp/nss/u     => ok
init: propagation /tmp/nss/u         => unbindable
init: mkdir /tmp/nss/d               => ok
init: mount bind /tmp/nss/u /tmp/nss/d   => EINVAL
init: mount rbind /tmp/nss/u /tmp/nss/d  => EINVAL
init: mounted /tmp/nss/d             => no
init: make-private /tmp/nss/u        => ok
init: mount bind /tmp/nss/u /tmp/nss/d   => ok
