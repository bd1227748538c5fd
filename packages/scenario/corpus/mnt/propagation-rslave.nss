@title: make-rslave turns every shared mount of a copied tree into a slave of its peer group
# M4.5, M4.2: MS_SLAVE|MS_REC
@needs: mnt
init: mkdir /tmp/nss/t               => ok
init: mount tmpfs /tmp/nss/t         => ok
init: mkdir /tmp/nss/t/a             => ok
init: mount tmpfs /tmp/nss/t/a       => ok
init: make-rshared /tmp/nss/t        => ok
init: clone c mnt                    => 2
c: propagation /tmp/nss/t            => shared:1
c: propagation /tmp/nss/t/a          => shared:2
c: make-rslave /tmp/nss/t            => ok
c: propagation /tmp/nss/t            => master:1
c: propagation /tmp/nss/t/a          => master:2
init: mkdir /tmp/nss/t/a/b           => ok
init: mount tmpfs /tmp/nss/t/a/b     => ok
c: mounted /tmp/nss/t/a/b            => yes
