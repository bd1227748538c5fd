@title: a namespace gives another the lowest free id by itself: the one it moves a link to, and the one of a moved link's peer; the ids go when that namespace dies
# T5.4, T5.6: peernet2id_alloc on the move and on the moved link's notification; cleanup_net forgets them
@needs: net
init: clone a net                    => 2
init: clone b net                    => 3
init: veth v0 v1                     => ok
init: nsids                          => -
init: link-netns v1 a                => ok
init: nsid a                         => 0        # the move: init gave a an id
a: nsid init                         => 0        # v1's notification in a: its peer is in init
a: link-netns v1 b                   => ok
a: nsids                             => 0,1      # a gave b the lowest free id
b: nsid init                         => 0        # v1's peer v0 is in init
b: nsid a                            => -1       # b gave a none
init: nsid b                         => -1       # nothing reported v0 in init since
b: exit                              => ok
a: nsids                             => 0        # b's id went with b
