@title: a tree that propagation carries into a less privileged mount namespace arrives locked below its top
# M2.9, M2.7, M3.1, M9.6
@needs: mnt,user
init: mkdir /tmp/nss/s             => ok
init: mount tmpfs /tmp/nss/s       => ok
init: make-shared /tmp/nss/s       => ok
init: mkdir /tmp/nss/t             => ok
init: mount tmpfs /tmp/nss/t       => ok
init: mkdir /tmp/nss/t/sub         => ok
init: mount tmpfs /tmp/nss/t/sub   => ok
init: mkdir /tmp/nss/s/x           => ok
init: clone c user,mnt             => 2
init: uid_map c "0 0 1"            => ok
init: mount rbind /tmp/nss/t /tmp/nss/s/x => ok
c: mounted /tmp/nss/s/x/sub        => yes
c: umount /tmp/nss/s/x/sub         => EINVAL
c: umount /tmp/nss/s/x             => EBUSY
c: umount-lazy /tmp/nss/s/x        => ok
c: mounted /tmp/nss/s/x            => no
init: mounted /tmp/nss/s/x/sub     => yes
