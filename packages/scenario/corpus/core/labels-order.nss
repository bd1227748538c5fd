@title: namespace labels are numbered in the order the transcript first shows them
# scenario-format.md "Namespace labels": per type, in order of first appearance.
@needs: uts
init: clone a uts                => 2
init: clone b uts                => 3
b: ns uts                        => uts:2
a: ns uts                        => uts:3
init: nsof b uts                 => uts:2
init: ns uts                     => uts:1
