@title: a moved link arrives DOWN, without its addresses or routes; its peer loses carrier
# T2.5: the device is unregistered from the old namespace (addresses and routes flushed, DOWN) and registered in the new one
@needs: net
init: veth v0 v1                     => ok
init: addr-add v1 10.0.0.2/24        => ok
init: addr-add v1 fd00::2/64         => ok
init: link-up v0                     => ok
init: link-up v1                     => ok
init: link-carrier v0                => yes
init: routes                         => 10.0.0.0/24 dev v1
init: clone a net                    => 2
init: link-netns v1 a                => ok
a: link-state v1                     => DOWN
a: addrs v1                          => -
a: routes                            => -
init: routes                         => -
init: link-carrier v0                => no
