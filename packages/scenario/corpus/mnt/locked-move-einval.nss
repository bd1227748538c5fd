@title: a locked mount cannot be moved; a mount made in the less privileged namespace can
# M3.2: MS_MOVE of a locked mount -> EINVAL
@needs: user,mnt
init: mkdir /tmp/nss/m               => ok
init: mount tmpfs /tmp/nss/m         => ok
init: clone a user,mnt               => 2
init: uid_map a "0 0 1"              => ok
init: gid_map a "0 0 1"              => ok
a: mkdir /tmp/nss/dst                => ok
a: mount move /tmp/nss/m /tmp/nss/dst    => EINVAL
a: mkdir /tmp/nss/own                => ok
a: mount tmpfs /tmp/nss/own          => ok
a: mount move /tmp/nss/own /tmp/nss/dst  => ok
a: mounted /tmp/nss/dst              => yes
