"""Terminal front ends: plain text that a screen reader reads well and a script can drive."""
