/** Neural codec tokenizers (engine under construction in this module). */
package dev.sws.codec;
