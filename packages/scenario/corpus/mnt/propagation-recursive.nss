@title: the r forms change the propagation of a whole tree, the plain forms only of its top
# M4.5: MS_REC applies the change to every mount below
@needs: mnt
init: mkdir /tmp/nss/t               => ok
init: mount tmpfs /tmp/nss/t         => ok
init: mkdir /tmp/nss/t/a             => ok
init: mount tmpfs /tmp/nss/t/a       => ok
init: make-shared /tmp/nss/t         => ok
init: propagation /tmp/nss/t         => shared:1
init: propagation /tmp/nss/t/a       => private
init: make-rshared /tmp/nss/t        => ok
init: propagation /tmp/nss/t/a       => shared:2
init: make-runbindable /tmp/nss/t    => ok
init: propagation /tmp/nss/t         => unbindable
init: propagation /tmp/nss/t/a       => unbindable
init: make-rprivate /tmp/nss/t       => ok
init: propagation /tmp/nss/t         => private
init: propagation /tmp/nss/t/a       => private
