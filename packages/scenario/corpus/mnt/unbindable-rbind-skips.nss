@title: a recursive bind leaves out the unbindable mounts below its source
# M4.4: an unbindable mount is not replicated by recursive binds
@needs: mnt
init: mkdir /tmp/nss/t               => ok
init: mount tmpfs /tmp/nss/t         => ok
init: mkdir /tmp/nss/t/u             => ok
init: mount tmpfs /tmp/nss/t/u       => ok
init: mkdir /tmp/nss/t/v             => ok
init: mount tmpfs /tmp/nss/t/v       => ok
init: make-unbindable /tmp/nss/t/u   => ok
init: mkdir /tmp/nss/r               => ok
init: mount rbind /tmp/nss/t /tmp/nss/r  => ok
init: mounts /tmp/nss/r              => /tmp/nss/r,/tmp/nss/r/v
init: mounted /tmp/nss/r/u           => no
