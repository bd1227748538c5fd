@title: NS_GET_PARENT of a pid ns works below the caller, not above it
# P6.1 / N4.3: the parent must be the caller's active pid ns or a descendant;
# init's own pid ns has a parent (the world is one level down) but it is above init.
@needs: pid
init: clone p pid                => 2
init: open p pid fp              => ok
init: fdns fp                    => pid:2
init: ioctl fp NS_GET_PARENT fq  => ok
init: fdns fq                    => pid:1
init: open init pid fi           => ok
init: ioctl fi NS_GET_PARENT fx  => EPERM
p: open p pid fo                 => ok
p: ioctl fo NS_GET_PARENT fy     => EPERM   # from inside, its own ns's parent is above it
p: fdns fo                       => pid:2
