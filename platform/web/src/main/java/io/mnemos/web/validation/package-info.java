/** Constraint annotations for values every Mnemos API shares, such as {@link io.mnemos.web.validation.UserId}. */
package io.mnemos.web.validation;
