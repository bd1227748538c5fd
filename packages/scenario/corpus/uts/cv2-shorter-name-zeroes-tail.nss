@title: a shorter hostname or domainname replaces a longer one entirely: the tail of the field is zeroed
# Q2.7: sethostname and setdomainname copy the bytes given and memset the rest of the field (kernel/sys.c)
@needs: uts
init: clone a uts                => 2
a: sethostname abcdefghij        => ok
a: sethostname abc               => ok
a: hostname                      => abc
a: setdomainname example.org     => ok
a: setdomainname ex              => ok
a: domainname                    => ex
a: sethostname ""                => ok
a: hostname                      => -
