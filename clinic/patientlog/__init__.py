"""Patients log their walks through the capability link printed on their handout."""
