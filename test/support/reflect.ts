import 'reflect-metadata';
// Evaluate the ESM-only Nest packages first: CommonJS companions (@nestjs/throttler) require() them,
// and jest refuses a require(esm) that lands in the middle of an import cycle.
import '@nestjs/common';
import '@nestjs/core';
