@title: NS_GET_PARENT of a nested pid namespace from inside its parent namespace
# P6.1, N4.3: allowed when the parent is the caller's active namespace or below
# it; the caller's own namespace has its parent above the caller: EPERM.
@needs: pid
init: clone a pid                => 2
a: clone b pid                   => 2
a: open b pid fb                 => ok
a: ioctl fb NS_GET_PARENT fp     => ok
a: fdns fp                       => pid:2
a: ioctl fp NS_GET_PARENT fq     => EPERM
init: open b pid gb              => ok
init: ioctl gb NS_GET_PARENT gp  => ok
init: ioctl gp NS_GET_PARENT gq  => ok
init: fdns gq                    => pid:1
b: open b pid hb                 => ok
b: ioctl hb NS_GET_PARENT hp     => EPERM
